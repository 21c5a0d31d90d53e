# FinPro application image: web (gunicorn), Celery worker and beat share it.
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 finpro
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
RUN pip install -c constraints.txt .
COPY --chown=finpro:finpro . .
# Production settings (DEBUG off) so the static manifest is written; see bin/build-static.
RUN sh bin/build-static
# Writable data for the non-root user: private files (PDFs, reports) and the SMS file backend.
RUN mkdir -p /data/private /data/sms /app/var && chown -R finpro:finpro /data /app/var
ENV MEDIA_ROOT=/data/private SMS_FILE_PATH=/data/sms
VOLUME ["/data"]
USER finpro
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --retries=5 CMD ["python", "bin/healthcheck.py"]
# No gunicorn access log: its lines bypass the redacting filter (token links in paths);
# django-structlog logs every request through it instead. .ci/production-smoke runs this command.
CMD ["gunicorn", "finpro.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
