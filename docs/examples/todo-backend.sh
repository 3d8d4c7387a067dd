#!/usr/bin/env bash
# A todo backend's side of the push API: it takes a service token from auth-service (client
# credentials), then tells a todo's owner, live, that the todo was created, updated, completed
# and deleted. The owner's frontend receives each as {"type":"event","event":"todo:...","data":...}
# on its one WebSocket, on whatever realtime instance holds it. Needs bash and curl.
#
#   docs/examples/todo-backend.sh OWNER_USER_ID
#
# Defaults fit `./switchboard start` (client demo-backend/demo-secret); override with AUTH_URL,
# NOTIFICATIONS_URL, CLIENT_ID, CLIENT_SECRET.
set -euo pipefail

owner=${1:?usage: $0 OWNER_USER_ID}
auth_url=${AUTH_URL:-http://localhost:8081}
notifications_url=${NOTIFICATIONS_URL:-http://localhost:8084}
client_id=${CLIENT_ID:-demo-backend}
client_secret=${CLIENT_SECRET:-demo-secret}

answer=$(curl -fsS -X POST "$auth_url/api/auth/token" -H 'Content-Type: application/json' \
    -d "{\"client_id\":\"$client_id\",\"client_secret\":\"$client_secret\"}")
token=$(printf '%s' "$answer" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

# push TYPE DATA: one event to the owner's sockets; prints the HTTP status (202: handed on)
push() {
    curl -fsS -o /dev/null -w "$1 -> %{http_code}\n" -X POST "$notifications_url/api/events" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"user_ids\":[\"$owner\"],\"type\":\"$1\",\"data\":$2}"
}

id="todo-$(date +%s)-$RANDOM"
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
todo() { # title completed
    printf '{"id":"%s","title":"%s","description":"","completed":%s,"priority":"medium","userId":"%s","createdAt":"%s","updatedAt":"%s"}' \
        "$id" "$1" "$2" "$owner" "$created" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

push todo:created "$(todo 'Buy milk' false)"
push todo:updated "$(todo 'Buy oat milk' false)"
push todo:completed "$(todo 'Buy oat milk' true)"
push todo:deleted "{\"id\":\"$id\"}"
