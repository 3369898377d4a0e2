#!/bin/sh
# Registers the namespace (a full Temporal server starts with none) and the search attributes of CONTRACT §6
# (idempotent: an existing one is left as it is).
set -eu
ns="${TEMPORAL_NAMESPACE:-default}"
temporal operator namespace describe --namespace "$ns" >/dev/null 2>&1 || temporal operator namespace create --namespace "$ns" --retention 7d
# A namespace registered a moment ago reaches every service's cache within seconds.
until temporal operator search-attribute list --namespace "$ns" >/dev/null 2>&1; do sleep 1; done
for pair in BookingId=Keyword CustomerId=Keyword SessionType=Keyword BookingStatus=Keyword SessionStart=Datetime StrikeCount=Int Standing=Keyword ConversationStatus=Keyword SlaDueAt=Datetime; do
  name="${pair%%=*}"; type="${pair#*=}"
  if temporal operator search-attribute list --namespace "$ns" | grep -q "^ *$name "; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --namespace "$ns" --name "$name" --type "$type"
  fi
done
