#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Usage: $0 FRAGMENT DOTCONFIG
#
# Fail, naming each offender, unless every CONFIG_X=v and every
# "# CONFIG_X is not set" line of FRAGMENT holds in DOTCONFIG (Kconfig
# silently drops requests whose dependencies are not met).

set -eu

frag=$1
conf=$2
bad=0

while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		if ! grep -qxF -- "$line" "$conf"; then
			sym=${line%%=*}
			have=$(grep -E "^(# )?$sym[= ]" "$conf" || echo "nothing")
			echo "  requested $line, got: $have"
			bad=1
		fi
		;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym%% *}
		if grep -q "^$sym=" "$conf"; then
			echo "  requested $line, got: $(grep "^$sym=" "$conf")"
			bad=1
		fi
		;;
	esac
done < "$frag"

if [ "$bad" -ne 0 ]; then
	echo "error: $conf does not honour $frag (unmet dependencies?)" >&2
	exit 1
fi
