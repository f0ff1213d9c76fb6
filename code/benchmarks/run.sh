#!/usr/bin/env bash
# The MNIST benchmark at low priority: the student configuration, then the best one.
# Each is measured as a user's machine runs it (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
# unset, in the benchmark's own processes only) and as pinned on this machine.
# Needs torch (requirements-test.txt) and the MNIST files (OWNFRAMEWORK_MNIST_DIR or the cache).
# Extra arguments go to both runs, e.g. `bash benchmarks/run.sh --epochs 3` for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
uptime  # timings mean little on a busy machine: note its load
nice -n 10 python benchmarks/bench_mnist.py "$@"
echo
nice -n 10 python benchmarks/bench_mnist.py --best "$@"
