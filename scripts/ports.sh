# Port checks for run.sh (sourced, not run): which of a set of loopback ports are free, all named at once.
#
#   check_ports "facade:7071" "Azurite:10002" ...   returns 0 when every port is free; otherwise prints one line to
#                                                   stderr naming every busy (or invalid) port, and returns 1.

# Whether something accepts connections on 127.0.0.1:$1.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Checks "name:port" pairs; one line names every problem.
check_ports() {
  local named name number busy=() invalid=()
  for named in "$@"; do
    name="${named%:*}"; number="${named##*:}"
    if ! [[ "$number" =~ ^[0-9]+$ ]] || (( number < 1 || number > 65535 )); then
      invalid+=("'$number' ($name)")
    elif port_busy "$number"; then
      busy+=("$number ($name)")
    fi
  done
  if (( ${#invalid[@]} > 0 )); then
    echo "run.sh: not a TCP port: $(join_list "${invalid[@]}")" >&2
    return 1
  fi
  if (( ${#busy[@]} > 0 )); then
    if (( ${#busy[@]} == 1 )); then
      echo "run.sh: port ${busy[0]} is already in use on 127.0.0.1; free it or choose another (see ./run.sh --help)" >&2
    else
      echo "run.sh: ports $(join_list "${busy[@]}") are already in use on 127.0.0.1; free them or choose others (see ./run.sh --help)" >&2
    fi
    return 1
  fi
}

# "a", "a and b", "a, b and c".
join_list() {
  local count=$# out="" i=0 item
  for item in "$@"; do
    i=$((i + 1))
    if (( i == 1 )); then out="$item"
    elif (( i == count )); then out+=" and $item"
    else out+=", $item"
    fi
  done
  printf '%s' "$out"
}
