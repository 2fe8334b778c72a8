# StreamAE detector host: multi-stage build, CPU ONNX Runtime, runs as a non-root user.
# The TorchSharp trainer is left out (-p:WithTrainer=false): train elsewhere, deploy bundles into /models.
#   docker build -t streamae .
#   docker run --rm -p 8080:8080 streamae                       # bundled sample, HTTP on 8080
#   docker run --rm -p 8080:8080 -v $PWD/models:/models -e STREAMAE_Model__Path=/models streamae

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, on the project files alone, so the package layer is cached while sources change.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props StreamAE.slnx ./
COPY build/ build/
COPY src/Stream.Core/Stream.Core.csproj src/Stream.Core/
COPY src/Stream.Models/Stream.Models.csproj src/Stream.Models/
COPY src/Stream.Connectors/Stream.Connectors.csproj src/Stream.Connectors/
COPY src/Stream.Evaluation/Stream.Evaluation.csproj src/Stream.Evaluation/
COPY src/Stream.Host/Stream.Host.csproj src/Stream.Host/
COPY bench/Stream.Benchmarking/Stream.Benchmarking.csproj bench/Stream.Benchmarking/
COPY tests/Stream.Testing/Stream.Testing.csproj tests/Stream.Testing/
RUN dotnet restore src/Stream.Host/Stream.Host.csproj -r linux-x64 -p:WithTrainer=false
COPY src/ src/
COPY bench/Stream.Benchmarking/ bench/Stream.Benchmarking/
COPY tests/Stream.Testing/ tests/Stream.Testing/
COPY samples/ samples/
RUN dotnet publish src/Stream.Host/Stream.Host.csproj -c Release -r linux-x64 --self-contained false --no-restore \
        -p:WithTrainer=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The retraining loop's script (export + gated retrain), for a CronJob on this image (deploy/k8s/streamae-retrain.yaml).
COPY --chmod=755 deploy/retrain/streamae-retrain.sh /app/streamae-retrain.sh
# The image's built-in unprivileged user; model bundles and alert files live in volumes it can read/write.
RUN mkdir -p /models /data && chown "$APP_UID" /models /data
USER $APP_UID
ENV STREAMAE_Http__Enabled=true \
    STREAMAE_Http__Port=8080 \
    STREAMAE_Telemetry__JsonConsole=true \
    DOTNET_gcServer=0
EXPOSE 8080
# Liveness/readiness are HTTP: GET /health/live and /health/ready (the runtime image has no curl; let the orchestrator probe).
ENTRYPOINT ["dotnet", "streamae.dll"]
