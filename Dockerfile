# FinPro application image: web (gunicorn), Celery worker and beat share it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 finpro
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
RUN pip install -c constraints.txt .
COPY --chown=finpro:finpro . .
RUN DEBUG=1 python manage.py collectstatic --noinput
USER finpro
EXPOSE 8000
# No gunicorn access log: its lines bypass the redacting filter (token links in paths);
# django-structlog logs every request through it instead.
CMD ["gunicorn", "finpro.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
