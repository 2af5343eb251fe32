# shift and getopts.
set -- a b c d
shift; echo "$@"
shift 2; echo "$@"
set -- -a -b val -c arg1 arg2
while getopts ab:c opt; do
    case $opt in
    a) echo "flag a" ;;
    b) echo "b=$OPTARG" ;;
    c) echo "flag c" ;;
    esac
done
shift $((OPTIND - 1))
echo "rest: $*"
OPTIND=1
set -- -xyz
while getopts xyz o; do printf '%s ' "$o"; done
echo
