# comment-moderator container image.
#
#   docker build -t comment-moderator .
#   docker run --rm -p 8080:8080 -e MODERATOR_API_KEYS=change-me-please comment-moderator
#
# Two stages: a Rust build stage on Debian bookworm, and a distroless runtime
# running as the unprivileged `nonroot` user (uid 65532).
#
# Runtime base: gcr.io/distroless/cc-debian12. The binary links only glibc,
# libm and libgcc_s (SQLite is compiled in by rusqlite's `bundled` feature; no
# OpenSSL), which cc-debian12 ships, from the same Debian release as the build
# stage, so the glibc versions match. It has no shell, package manager or
# curl: hence the data directory is prepared in the build stage and the
# HEALTHCHECK runs `moderator healthcheck`. debian:bookworm-slim is a drop-in
# replacement when a shell is wanted for debugging.

# ---------------------------------------------------------------------------
# Build stage
# ---------------------------------------------------------------------------
FROM rust:1-bookworm AS build
WORKDIR /build

# 1. Dependencies only: a manifest-only build with dummy sources (the
#    manifest's bench targets need files too, never built), so that this
#    layer (every crate in Cargo.lock, including the bundled SQLite, which
#    needs the C compiler the rust image ships) stays cached until Cargo.toml
#    or Cargo.lock change.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
 && echo 'fn main() {}' > src/main.rs \
 && touch src/lib.rs \
 && for bench in scoring scaling; do echo 'fn main() {}' > benches/$bench.rs; done \
 && cargo build --release --locked --bin moderator \
 && rm -rf src

# 2. The real sources. COPY keeps the files' modification times, which can be
#    older than the dummy build's artifacts: touch them so cargo rebuilds the
#    crate itself (only this crate; the dependencies come from the cache).
#    The --version check fails if the dummy binary survived.
COPY src ./src
RUN touch src/main.rs src/lib.rs \
 && cargo build --release --locked --bin moderator \
 && ./target/release/moderator --version | grep -q '^moderator '

# The runtime has no shell to `mkdir`, so the directory tree is made here:
# /app owned by root, /app/data by 65532 (distroless `nonroot`), the only
# place the service writes (SQLite feedback store, generated privacy.key).
RUN mkdir -p /rootfs/app/data \
 && chown 65532:65532 /rootfs/app/data \
 && chmod 0750 /rootfs/app/data

# ---------------------------------------------------------------------------
# Runtime stage
# ---------------------------------------------------------------------------
FROM gcr.io/distroless/cc-debian12 AS runtime

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="comment-moderator" \
      org.opencontainers.image.description="Self-hosted, explainable comment moderation: naive-Bayes spam and abuse scoring behind Akismet-, Perspective- and Coral-compatible APIs" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0" \
      org.opencontainers.image.base.name="gcr.io/distroless/cc-debian12"

COPY --from=build /build/target/release/moderator /usr/local/bin/moderator
# COPY --from keeps the owners set in the build stage (Docker/BuildKit and
# Buildah/Podman alike), so /app stays root's and /app/data is nonroot's. The
# second COPY --chown makes sure of the latter on builders that do not keep
# owners. (Copying /rootfs/app/ with --chown instead would also hand /app
# itself to nonroot on Buildah.)
COPY --from=build /rootfs/ /
COPY --from=build --chown=65532:65532 /rootfs/app/data/ /app/data/
COPY models/ /app/models/
COPY config/default.toml /app/config/default.toml

WORKDIR /app
USER 65532:65532

# Listen on every interface inside the container; keep SQLite feedback and the
# generated privacy key (privacy.key) in the volume. The model and the
# configuration are found through the relative defaults
# (models/moderator.model, config/default.toml) from WORKDIR /app.
ENV MODERATOR_ADDR=0.0.0.0:8080 \
    MODERATOR_DATA_DIR=/app/data

VOLUME ["/app/data"]
EXPOSE 8080

# No shell or curl in distroless: the binary checks GET /healthz itself
# (0.0.0.0 is reached through loopback). Podman/Buildah keep HEALTHCHECK only
# in Docker-format images: `podman build --format docker`.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/moderator", "healthcheck"]

# SIGTERM drains in-flight requests (server.shutdown_timeout_seconds, 10 s by
# default); SIGHUP reloads the model.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/moderator"]
CMD ["serve"]
