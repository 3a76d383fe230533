#!/usr/bin/env bash
# Runs every test of the platform: makes sure the RabbitMQ the end-to-end tests use is running
# (installing it when missing), then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/rabbitmq.sh

rabbitmq_ensure
trap rabbitmq_stop_if_started_here EXIT

dotnet test Platform.sln -nologo
