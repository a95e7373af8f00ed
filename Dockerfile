# The scheduler image: compiled JavaScript, production dependencies only, run as a non-root user.
# Stages: build (full install, compiling better-sqlite3's native module, + tsc → dist/), deps (the
# build's node_modules pruned to production dependencies: the native module is compiled once, and
# only the build stage needs a compiler), runtime (the two combined with config/ and env.yaml).
# test/docker/image.test.ts replays these steps outside Docker, so keep RUN commands relative to
# WORKDIR and free of Docker-only tools.
#
# Layout of /app in the image (WORKDIR, the service's working directory):
#   dist/src, dist/tasks, dist/migrations   compiled output of `npm run build`
#   tasks -> dist/tasks                     the task loader looks in <cwd>/tasks; a task's
#                                           import of mysql-scheduler/task (defineTask) resolves
#                                           through /app/package.json's exports, the package's own
#   config/, env.yaml                       read from the working directory
#   node_modules/                           production dependencies
#   data/                                   writable by `node`: the SQLite default store
#                                           (sqlite:data/scheduler.db) when JOBSTORE_URL is not
#                                           set; compose sets it to MySQL. Mount a volume here to
#                                           keep the file.
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# node-gyp builds better-sqlite3 when no prebuilt binary can be fetched: python3, make and g++.
# Installed only where they are missing (the slim image), so the replay outside Docker skips it.
RUN command -v python3 >/dev/null && command -v make >/dev/null && command -v g++ >/dev/null \
    || (apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*)
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY tasks ./tasks
COPY migrations ./migrations
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN ln -s dist/tasks tasks
# uid 1000 is the node image's `node` user (a number, so the replay outside Docker can chown too).
RUN mkdir data && chown 1000:1000 data
COPY env.yaml ./
COPY config ./config
# The node image's unprivileged user; the files above (but data/) stay root-owned and read-only to it.
USER node
EXPOSE 8080
# Exec form, node itself: SIGTERM from `docker stop` reaches the scheduler (SPEC §8).
CMD ["node", "dist/src/main.js", "start"]
