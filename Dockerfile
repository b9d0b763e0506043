# The production image: web (gunicorn), worker and beat all run from it (see docker-compose.yml).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/src static/src
RUN mkdir -p static/build/govuk \
 && cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js* static/build/ \
 && cp -R node_modules/govuk-frontend/dist/govuk/assets static/build/govuk/ \
 && npx sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps static/src/app.scss static/build/app.css

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 portal
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir "pip>=25.1" && pip install --no-cache-dir --group runtime
COPY . .
COPY --from=assets /build/static/build static/build
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "safeguarding.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
