#!/usr/bin/env bash
# orphan-guard.sh PID [SIGNAL]: keeps process PID from outliving the stack that started this script (npm start,
# npm run cluster), even when that stack is SIGKILLed and cannot stop it itself. When this script's parent goes away,
# it sends PID the SIGNAL (TERM by default; SIGKILL after 10 s). It ends by itself when PID ends.
set -u
parent=$PPID target=$1 signal=${2:-TERM}
alive() { kill -0 "$1" 2>/dev/null && ! grep -q '^[^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
while alive "$target"; do
  if [ "$(awk '{print $4}' "/proc/$$/stat" 2>/dev/null)" != "$parent" ]; then
    kill "-$signal" "$target" 2>/dev/null
    for _ in $(seq 1 100); do alive "$target" || exit 0; sleep 0.1; done
    kill -KILL "$target" 2>/dev/null
    exit 0
  fi
  sleep 1
done
