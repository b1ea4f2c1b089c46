#!/bin/sh
# deps.sh PACKAGE...: make sure the Debian packages are installed.
# As root it installs the missing ones once with apt-get; as another user
# it prints the one `sudo apt-get install` line and fails. A package apt
# does not know is named and nothing is installed. It never runs make, so
# the Makefile's targets cannot recurse through it.
set -u
missing=
for p in "$@"; do
	# NodeSource's nodejs carries its own npm and conflicts with Debian's:
	# a working npm command is the package.
	[ "$p" = npm ] && command -v npm > /dev/null 2>&1 && continue
	# dpkg-query -W only says the package is known; the status says installed.
	s=$(dpkg-query -W -f '${db:Status-Abbrev}' "$p" 2>/dev/null)
	case $s in ii*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
missing=${missing# }

if [ "$(id -u)" != 0 ]; then
	echo "dossier: these Debian packages are missing: $missing" >&2
	echo "dossier: install them, then run make again:" >&2
	echo "  sudo apt-get install -y --no-install-recommends $missing" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "dossier: installing $missing"
apt-get update -qq || echo "dossier: apt-get update failed; trying with the lists there are" >&2
unknown=
for p in $missing; do
	apt-cache show --no-all-versions "$p" > /dev/null 2>&1 || unknown="$unknown $p"
done
if [ -n "$unknown" ]; then
	echo "dossier: apt cannot install:$unknown (not in this machine's package lists)" >&2
	exit 1
fi
# $missing is a list of words on purpose.
# shellcheck disable=SC2086
if ! apt-get install -y -q --no-install-recommends $missing; then
	# One package that cannot go in (a conflict with what the machine
	# has) must not keep the others out: each alone, then say which.
	echo "dossier: apt-get install failed for: $missing; trying each alone" >&2
	for p in $missing; do
		apt-get install -y -q --no-install-recommends "$p" > /dev/null 2>&1 ||
		    echo "dossier: apt-get could not install $p" >&2
	done
fi
left=
for p in $missing; do
	s=$(dpkg-query -W -f '${db:Status-Abbrev}' "$p" 2>/dev/null)
	case $s in ii*) ;; *) left="$left $p" ;; esac
done
if [ -n "$left" ]; then
	echo "dossier: still not installed:$left" >&2
	exit 1
fi
