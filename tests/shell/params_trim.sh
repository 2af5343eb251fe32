# ${x%p} ${x%%p} ${x#p} ${x##p}
path=/usr/local/lib/libfoo.so.1.2
echo ${path%.*}
echo ${path%%.*}
echo ${path#*/}
echo ${path##*/}
file=archive.tar.gz
echo ${file%.gz} ${file%.tar.gz} ${file#archive.}
echo ${file%[.]*}
echo ${file#"archive"}
star='a*b*c'
echo "${star#*\*}" "${star%\**}"
echo "${star#'a*'}"
p='*'
echo "${star#$p}" "${star#"$p"}"
x=aaa
echo ${x#a} ${x##a} ${x%a*} ${x%%a*}
echo "[${x#nomatch}]"
y=hello
echo ${y#?} ${y%??}
echo ${y#[hx]}
