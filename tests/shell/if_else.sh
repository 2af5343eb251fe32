# if/elif/else and exit statuses.
for n in 1 2 3; do
    if [ $n = 1 ]; then
        echo one
    elif [ $n = 2 ]
    then
        echo two
    else
        echo other
    fi
done
if false; then echo no; fi
echo "status after untaken if: $?"
if true; then false; fi
echo "status: $?"
if ! false; then echo negated; fi
if false || true; then echo or-ok; fi
if true && false; then echo no; else echo and-fail; fi
if if true; then false; fi; then echo no; else echo nested-if; fi
x=$(if true; then echo inline; fi)
echo $x
