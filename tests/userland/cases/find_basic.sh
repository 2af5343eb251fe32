# find: operands, -name, -iname, -type, -maxdepth, -mindepth, -path, ! -o ( )
mkdir -p t/a/b t/c
touch t/x.c t/a/y.c t/a/b/Z.C t/c/w.h
$BOX find t | sort
$BOX find t -name '*.c' | sort
$BOX find t -iname '*.c' | sort
$BOX find t -type d | sort
$BOX find t -maxdepth 1 | sort
$BOX find t -mindepth 2 -type f | sort
$BOX find t -path '*a/*' | sort
$BOX find t ! -name '*.c' -type f | sort
$BOX find t '(' -name '*.h' -o -name 'x*' ')' -print | sort
$BOX find t/a t/c -type f | sort
