# ${x:-w} ${x-w} ${x:=w} ${x=w} ${x:+w} ${x+w} ${#x}
unset u
e=
s=set
echo "1 ${u:-dflt} ${e:-dflt} ${s:-dflt}"
echo "2 ${u-dflt} ${e-dflt} ${s-dflt}"
echo "3 ${u:+alt} ${e:+alt} ${s:+alt}"
echo "4 ${u+alt} ${e+alt} ${s+alt}"
echo "5 ${u:=assigned} $u"
echo "6 ${e=notassigned} [$e]"
unset u
echo "7 ${u=eq} $u"
echo "8 ${#s} ${#e} ${#u}"
long=abcdefghij
echo "9 ${#long}"
echo "10 ${u:-$s} ${u:-"$s and more"}"
echo 11 ${nope:-a b c}
set -- ${nope:-x y z}
echo $#
echo "12 ${s:+"quoted alt"}"
