# syntax=docker/dockerfile:1
# One recipe for every host of the network; each image differs only by PROJECT (docker-compose.yml names it per
# service, and a CI matrix would too). A file per service would repeat these lines seven times over and let the
# copies drift; here every host is built, hardened and started the same way.
#   docker build --build-arg PROJECT=services/forms/Platform.Forms -t platform-forms:0.1.0 .
# Base images are pinned to a patch release; bump both together with the SDK in CI.

FROM mcr.microsoft.com/dotnet/sdk:10.0.301-alpine3.23 AS build
ARG PROJECT
# Set by BuildKit to the platform being built for (amd64, arm64); ReadyToRun code is specific to it.
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN test -n "${PROJECT}" || { echo "Pass --build-arg PROJECT=<folder of the host's .csproj>" >&2; exit 1; }
# ReadyToRun: the host's and its packages' code is compiled ahead of time, so a pod starts without JIT-compiling its
# start-up path (time to ready is what a rollout and a scale-out wait for). Framework-dependent: the runtime image
# brings the shared framework, which is ReadyToRun already.
RUN --mount=type=cache,target=/root/.nuget/packages \
    arch=$([ "${TARGETARCH}" = "arm64" ] && echo arm64 || echo x64) \
 && dotnet publish "${PROJECT}" -c Release -r "linux-musl-${arch}" --self-contained false -p:PublishReadyToRun=true \
      -o /app -p:UseAppHost=false \
 && basename "${PROJECT}" > /app/.entrypoint

# The ASP.NET Core runtime on Alpine: small, and its busybox wget serves the container health check.
FROM mcr.microsoft.com/dotnet/aspnet:10.0.11-alpine3.23 AS runtime
WORKDIR /app
COPY --from=build --chown=root:root --chmod=0755 /app .
# /data holds the embedded SQLite databases when no PostgreSQL connection string is given.
RUN mkdir /data && chown 1654:1654 /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_NOLOGO=1 \
    Database__Directory=/data
# The image's unprivileged user (uid 1654, "app"); the files it runs are root's and read-only to it.
USER 1654:1654
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["sh", "-c", "exec dotnet \"$(cat /app/.entrypoint).dll\""]
