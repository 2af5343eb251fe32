# set -e stops the script at a failing simple command inside a function.
set -e
g() {
    echo "g start"
    false
    echo "g not reached"
}
g
echo "script not reached"
