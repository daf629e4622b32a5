#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# completion/kclick, the bash completion: commands and options as the tool
# prints them in its usage, and graph names, element classes and handler
# targets from a stand-in kclick (no module needed) that answers list,
# classes and -j show the way the real one does.
cd "$(dirname "$0")/../.." || exit 1
n=0
failed=0
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
K=$PWD/cli/kclick

mkdir "$W/bin" "$W/files"
cat >"$W/bin/kclick" <<'STUB'
#!/bin/bash
case "$*" in
list)
	echo "fw: id 1 generation 2 elements 3 drops 0 devices eth0"
	echo "router: id 4 generation 1 elements 40 drops 0 devices ma,mb(absent)" ;;
classes)
	echo "Counter          1/1      a/a      counts packets"
	echo "Queue            1/1      h/l      stores packets in a FIFO" ;;
"-j show fw")
	echo '{"name":"fw","elements":[{"name":"c","class":"Counter","handlers":[{"name":"count","read":true,"write":false},{"name":"reset","read":false,"write":true}]},{"name":"q","class":"Queue","handlers":[{"name":"capacity","read":true,"write":true}]}]}' ;;
*) exit 1 ;;
esac
STUB
chmod +x "$W/bin/kclick"
touch "$W/files/fw.click" "$W/files/in.pcap"

# shellcheck source=/dev/null
. completion/kclick
# complete LINE: COMPREPLY for the last word of LINE (a trailing space
# starts a new, empty word), sorted, on one line.
complete_line() {
	local line=$1
	read -r -a COMP_WORDS <<<"$line"
	COMP_WORDS[0]=$W/bin/kclick
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_kclick 2>/dev/null
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
check() {
	local got
	got=$(cd "$W/files" && complete_line "$1")
	[ "$got" = "$2" ]
	tap $? "'$1<TAB>' -> '$2'"
	[ "$got" = "$2" ] || echo "#   got '$got'"
}

want=$("$K" --help | sed -n 's/^  \([a-z]\+\)\b.*/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')
check "kclick " "$want"
check "kclick ins" "install"
check "kclick -j s" "save show stats"
want=$("$K" --help | grep -o -- '--\?[a-zA-Z-]\+,\? --[a-z-]\+' | tr -d , | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
check "kclick -" "$want"
want=$( { "$K" run --help | sed -n '/^Options:/,/^$/p' | grep -o -- '^  --[a-z-]\+' | tr -d ' '; echo --json; echo --help; echo --pretty; echo --version; } | sort | tr '\n' ' ' | sed 's/ $//')
check "kclick run fw.click --" "$want"
check "kclick install fw fw.click --r" "--replace"
check "kclick run fw.click --pcap i" "in.pcap"
check "kclick run f" "fw.click"
check "kclick show " "fw router"
check "kclick -j stats r" "router"
check "kclick remove fw " ""
check "kclick replace " "fw router"
check "kclick install fw " "fw.click in.pcap"
check "kclick help Q" "Queue"
check "kclick read " "fw/ router/"
check "kclick read fw/" "fw/c.count fw/q.capacity"
check "kclick write fw/" "fw/c.reset fw/q.capacity"
check "kclick write fw/q" "fw/q.capacity"
check "kclick save r" "router"
check "kclick remove --a" "--all"
check "kclick stats --p" "--pretty --prometheus"
check "kclick show fw --d" "--dot"
check "kclick read fw/c.count " ""

# The stand-in prints what the real tool prints: same formats in cli/.
grep -q '"%s: id %u generation %u elements %u drops %llu devices"' cli/graph.c &&
	grep -q '"%-16s %-8s %-8s %s\\n", v\[i\].name' cli/info.c &&
	grep -q 'kc_json_bool(j, "read",' cli/graph.c &&
	grep -q 'kc_json_arr(j, "handlers")' cli/graph.c
tap $? "the stand-in's list, classes and show -j formats are cli/'s"

echo "1..$n"
[ $failed = 0 ]
