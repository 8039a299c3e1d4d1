# syntax=docker/dockerfile:1.4
FROM python:3.12-alpine3.20 AS base
RUN <<EOF
set -eux
apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev
pip install --no-cache-dir cffi==1.17.1
apk del .build-deps
EOF

FROM base AS test
RUN pip install --no-cache-dir pytest && pytest -q

FROM base
COPY <<EOF /etc/app.conf
[app]
debug = false
EOF
RUN python3 <<EOF
print("this body is Python, not shell")
EOF
ENTRYPOINT ["python3"]
