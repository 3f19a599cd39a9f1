# The coordinator and CLI image (CPU TorchSharp, enough for coordinators, clients and CPU nodes).
#   docker build -f deploy/docker/sweep.Dockerfile -t ghcr.io/sweepcluster/sweep:0.1.0 .
# Not built by this project's CI (no container engine there); see docs/kubernetes.md.
FROM mcr.microsoft.com/dotnet/sdk:10.0-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Coordinator/SweepCluster.Coordinator.csproj -c Release -o /app -p:TorchBackend=cpu

# Debian 12, as the project's machines: the runtime patches TorchSharp's native library for its
# libstdc++ by itself (docs/torch-runtime.md) into XDG_CACHE_HOME.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
COPY examples /examples
# GLIBC_TUNABLES: as the ./sweep launcher sets it (docs/benchmarks.md, glibc allocator).
ENV XDG_CACHE_HOME=/tmp/cache \
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=536870912:glibc.malloc.arena_max=1
WORKDIR /work
USER 1000
ENTRYPOINT ["dotnet", "/app/sweep.dll"]
