# cp -r copies trees (and into an existing directory); links stay links
mkdir -p t/a/b
printf 'x\n' > t/a/b/f
ln -s f t/a/b/l
$BOX cp -r t u
$BOX cp -r t u
find u | sort
readlink u/a/b/l
