#!/usr/bin/env bash
# Instructions per negotiation, counted by valgrind's callgrind: repeatable on a shared,
# noisy machine where wall-clock figures swing by 30% or more (the same total twice, whatever
# else runs). Usage: benchmarks/instructions.sh [RUNS]   (1-2 minutes for 200 runs)
# As a batch worker plays them (game/batch.py): after one warm-up negotiation, the collector
# frozen and paused (`batch.collector_paused`); GC=default counts them with the collector as
# Python leaves it (the figure of sessions 2 to 9)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
# numpy's BLAS threads spin while callgrind runs and are counted too: the same code then
# counted 20.95, 21.25 and 21.20 M; with one thread, the same figure every time
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
# the project's venv if there is one (the system python may lack the dependencies)
py=$( [ -x .venv/bin/python ] && echo .venv/bin/python || python3 -c 'import sys; print(sys.executable)')
"$py" -c 'import game.session' || { echo "instructions.sh: $py cannot import the engine" >&2; exit 1; }
script='import contextlib, gc, sys
from game.batch import collector_paused
from game.scenario import load_scenario
from game.session import Session
from game.procedure import Procedure
from game.council import Council
sc = load_scenario("scenarios/minusma_2021.yaml"); c = Council(sc); p = Procedure()
worker = sys.argv[2] != "default"
if worker:
    Session(sc, 10**6, procedure=p, council=c).run()  # (warm-up: first-use imports, the memo)
    gc.freeze()
with collector_paused() if worker else contextlib.nullcontext():
    for seed in range(int(sys.argv[1])):
        Session(sc, seed, procedure=p, council=c).run()'
# compile the bytecode first: a count that has to write .pyc files (after an edit) counts
# the compiling too, tenths of a million instructions a negotiation at 200 runs
"$py" -c 'import game.session, game.council, game.scenario, game.procedure, game.agents'
gc=${GC:-worker}
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$py" -c "$script" "$1" "$gc" 2>&1 | awk '/Collected/ {print $4}'; }
base=$(count 0)
full=$(count "$runs")
python3 -c "print(f'{($full - $base) / $runs / 1e6:.2f} M instructions per negotiation ({$runs} runs; collector: $gc)')"
"$py" -c 'from game import compiled; print("engine:", compiled.running(), "(" + compiled.use_compiled()[1] + ")")'
