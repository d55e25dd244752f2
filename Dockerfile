# Cartable in production: the pinned Node 24 runtime comes with `npm ci` (package "node").
FROM node:24-bookworm-slim AS build
WORKDIR /cartable
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Dev dependencies stay: `npm start` checks (and if needed redoes) the build with them.
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /cartable
ENV NODE_ENV=production CARTABLE_CONFIG=prod CARTABLE_DATA=/data CARTABLE_PORT=3000 CARTABLE_LOG_LEVEL=warn
COPY --from=build /cartable /cartable
RUN mkdir -p /data && chown node:node /data && chown -R node:node /cartable/.cartable /cartable/apps/dist /cartable/components/dist /cartable/vocab
VOLUME /data
EXPOSE 3000
USER node
CMD ["node", "bin/cartable.mjs", "start"]
