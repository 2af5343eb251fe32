# vaelix.gdb - loaded by `make debug` (run from the repository root). Quiet thread noise and
# load the VaelixOS helpers: vx-threads, vx-cpus, vx-runq CPU.
set print thread-events off
set pagination off
source docs/gdb/vaelix.py
echo VaelixOS gdb helpers: vx-threads, vx-cpus, vx-runq CPU\n
