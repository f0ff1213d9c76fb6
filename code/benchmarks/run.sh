#!/usr/bin/env bash
# The MNIST benchmark at low priority: the student configuration, then the best one.
# Needs torch (requirements-test.txt) and the MNIST files (OWNFRAMEWORK_MNIST_DIR or the cache).
# Extra arguments go to both runs, e.g. `bash benchmarks/run.sh --epochs 3` for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 10 python benchmarks/bench_mnist.py "$@"
echo
nice -n 10 python benchmarks/bench_mnist.py --best "$@"
