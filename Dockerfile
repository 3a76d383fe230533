# One recipe for every host of the platform:
#   docker build --build-arg PROJECT=services/forms/Platform.Forms -t platform-forms .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG PROJECT
WORKDIR /src
COPY . .
RUN test -n "${PROJECT}" \
 && dotnet publish "${PROJECT}" -c Release -o /app \
 && basename "${PROJECT}" > /app/.entrypoint

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app .
# The aspnet image's unprivileged user; it listens on ASPNETCORE_HTTP_PORTS (8080) and writes only to /data, a volume.
USER app
ENV Database__Directory=/data
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec dotnet \"$(cat /app/.entrypoint).dll\""]
