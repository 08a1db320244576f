#!/usr/bin/env bash
# Sends one signed push to a running receiver, as Echat would:
#   src/demo/send-push.sh [url] [msgReply|msgSend|chatSend|checkUrl] [xml file]
# Reads ECHAT_TOKEN (default demo-token), and ECHAT_AES_KEY with ECHAT_APP_ID for safe mode.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f target/demo-classpath.txt ] || [ ! -d target/classes ]; then
  mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/demo-classpath.txt
fi
exec java -cp "target/classes:$(cat target/demo-classpath.txt)" src/demo/SendPush.java "$@"
