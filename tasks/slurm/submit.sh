#!/bin/bash
# tasks/slurm/submit.sh N [deno task distill arguments]: submits N shards as a job array and
# the merge job after it; prints both job ids. Environment: GPUS (GPUs per shard, where the
# cluster has them), SBATCH_ARGS (more sbatch options for both jobs: partition, account ...),
# DENO (the deno executable), IGDS_ROOT (the checkout; default the current folder).
set -eu
N=${1:?usage: tasks/slurm/submit.sh N [deno task distill arguments]}
shift
here=$(cd "$(dirname "$0")" && pwd)
gpus=()
if [ -n "${GPUS:-}" ]; then gpus=(--gres="gpu:${GPUS}"); fi
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_ARGS:-} "${gpus[@]}" --array="0-$((N - 1))" \
  "$here/shard.sbatch" "$@")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_ARGS:-} --dependency="afterok:${array}" \
  "$here/merge.sbatch" "$@")
echo "array ${array} merge ${merge%%;*}"
