# syntax=docker/dockerfile:1
# factbot container image: a Rust build stage and a small, non-root runtime.
#
#   docker build -t factbot .
#   docker run --env-file factbot.env factbot                          # gateway mode
#   docker run --env-file factbot.env -p 8080:8080 factbot serve-http  # HTTP interactions mode
#   docker run ... -v "$PWD/data:/app/data:ro" factbot                 # your own dataset
#
# factbot.env holds DISCORD_TOKEN=... (gateway) or DISCORD_PUBLIC_KEY=... (HTTP). /healthz and
# /metrics listen on port 9090 (publish it with -p 9090:9090 to scrape metrics).

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-slim-bookworm AS builder
WORKDIR /build
# Cargo reads every target the manifest declares, so tests/ and benches/ come
# along (they are small); only the factbot binary is built.
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY tests ./tests
COPY benches ./benches
# Dependency caching: the registry and the target directory live in BuildKit
# cache mounts, so a rebuild compiles only what changed. The binary is copied
# out of the cache in the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/build/target \
    cargo build --release --locked --bin factbot \
    && install -D -m 0755 target/release/factbot /out/factbot \
    && install -d /out/state

FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
WORKDIR /app
COPY --from=builder /out/factbot /app/factbot
# The shipped dataset and configuration; mount over /app/data or
# /app/config to use your own (read-only is enough).
COPY data /app/data
COPY config/factbot.docker.toml /app/config/factbot.toml
# The state store (the dataset's history, a SQLite file), writable by the
# runtime user; mount a volume here to keep the history across containers.
COPY --from=builder --chown=65532:65532 /out/state /app/state
VOLUME ["/app/state"]
# `factbot run`, `serve-http` and `healthcheck` all read this config.
ENV RUST_LOG=info \
    FACTBOT_CONFIG=/app/config/factbot.toml
# distroless' "nonroot" user (uid 65532); numeric so orchestrators can check it.
USER 65532:65532
EXPOSE 8080 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/app/factbot", "healthcheck"]
ENTRYPOINT ["/app/factbot"]
CMD ["run"]
