# The scheduler image: compiled JavaScript, production dependencies only, run as a non-root user.
# Stages: build (full install + tsc → dist/), deps (production install), runtime (the two
# combined with config/ and env.yaml). test/docker/image.test.ts replays these steps outside
# Docker, so keep RUN commands relative to WORKDIR and free of Docker-only tools.
#
# Layout of /app in the image (WORKDIR, the service's working directory):
#   dist/src, dist/tasks, dist/migrations   compiled output of `npm run build`
#   tasks -> dist/tasks                     the task loader looks in <cwd>/tasks; through the
#                                           link, compiled tasks' imports (../src/log/…) resolve
#                                           inside dist/
#   config/, env.yaml                       read from the working directory
#   node_modules/                           production dependencies
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
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
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN ln -s dist/tasks tasks
COPY env.yaml ./
COPY config ./config
# The node image's unprivileged user; the files above stay root-owned and read-only to it.
USER node
EXPOSE 8080
# Exec form, node itself: SIGTERM from `docker stop` reaches the scheduler (SPEC §8).
CMD ["node", "dist/src/main.js", "start"]
