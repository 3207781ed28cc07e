# syntax=docker/dockerfile:1
# ec-partner-agent (ecpa) image: multi-stage, runs as the unprivileged `node` user (uid 1000).
#   docker build -t ecpa .
#   docker run -d --name ecpa -p 127.0.0.1:9469:9469 -v /etc/ecpa:/etc/ecpa ecpa
# The agent config must set `exporter.listen: 0.0.0.0:9469` for /metrics to be reachable from
# outside the container. See docs/deploy.md.

# Production dependencies only (no dev toolchain, no install scripts).
FROM node:20-bookworm-slim AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Compile TypeScript with the dev toolchain.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY agent ./agent
COPY drivers ./drivers
COPY policies ./policies
COPY config ./config
COPY test/lab ./test/lab
RUN npx tsc -p tsconfig.build.json

# Runtime: compiled code, production node_modules, example configs and the health check.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    ECPA_CONFIG=/etc/ecpa/agent.yaml
WORKDIR /opt/ecpa
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/package.json ./
COPY --from=build /src/dist ./dist
COPY --from=build /src/config/examples ./config/examples
COPY deploy/docker/healthcheck.mjs ./healthcheck.mjs
USER node
EXPOSE 9469
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "/opt/ecpa/healthcheck.mjs"]
ENTRYPOINT ["node", "/opt/ecpa/dist/agent/cli/main.js"]
CMD ["run", "--config", "/etc/ecpa/agent.yaml"]
