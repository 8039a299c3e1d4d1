#
# Modelled on the official python:3.12-slim-bookworm image (docker-library/python):
# runtime packages, then a build-from-source RUN that removes its toolchain again.
#

FROM debian:bookworm-slim

# prefer the interpreter built below over any distribution python
ENV PATH /usr/local/bin:$PATH
ENV LANG C.UTF-8

# runtime dependencies
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		ca-certificates \
		netbase \
		tzdata \
	; \
	rm -rf /var/lib/apt/lists/*

ENV PYTHON_VERSION 3.12.10

RUN set -eux; \
	\
	savedAptMark="$(apt-mark showmanual)"; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		dpkg-dev \
		gcc \
		libbz2-dev \
		libffi-dev \
		libssl-dev \
		make \
		wget \
		xz-utils \
		zlib1g-dev \
	; \
	wget -O python.tar.xz "https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; \
	mkdir -p /usr/src/python; \
	tar --extract --directory /usr/src/python --strip-components=1 --file python.tar.xz; \
	rm python.tar.xz; \
	cd /usr/src/python; \
	gnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)"; \
	./configure --build="$gnuArch" --enable-shared --with-ensurepip; \
	arch="$(dpkg --print-architecture)"; \
# comment lines inside a continued RUN are dropped by Docker
		case "$arch" in \
			amd64|arm64) EXTRA_CFLAGS="-fno-omit-frame-pointer" ;; \
			*) EXTRA_CFLAGS="" ;; \
		esac; \
	make -j "$(nproc)" "EXTRA_CFLAGS=${EXTRA_CFLAGS:-}"; \
	make install; \
	cd /; \
	rm -rf /usr/src/python; \
	find /usr/local -depth \( -type f -a -name '*.pyc' \) -exec rm -rf '{}' + ; \
	ldconfig; \
	apt-mark auto '.*' > /dev/null; \
	apt-mark manual $savedAptMark; \
	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
	rm -rf /var/lib/apt/lists/*; \
	python3 --version; \
	pip3 --version

RUN set -eux; \
	for src in idle3 pip3 pydoc3 python3 python3-config; do \
		dst="$(echo "$src" | tr -d 3)"; \
		ln -svT "$src" "/usr/local/bin/$dst"; \
	done

CMD ["python3"]
