#!/bin/sh
# Registers the search attributes of CONTRACT §6 (idempotent: an existing one is left as it is).
set -eu
ns="${TEMPORAL_NAMESPACE:-default}"
for pair in BookingId=Keyword CustomerId=Keyword SessionType=Keyword BookingStatus=Keyword SessionStart=Datetime StrikeCount=Int Standing=Keyword; do
  name="${pair%%=*}"; type="${pair#*=}"
  if temporal operator search-attribute list --namespace "$ns" | grep -q "^ *$name "; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --namespace "$ns" --name "$name" --type "$type"
  fi
done
