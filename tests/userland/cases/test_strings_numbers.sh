# test and [: strings, integers, !, -a, -o, parentheses, argument-count rules
t() { "$@"; echo "$?"; }
t $BOX test abc
t $BOX test ''
t $BOX test -n ''
t $BOX test -z ''
t $BOX test abc = abc
t $BOX test abc != abc
t $BOX test 10 -gt 9
t $BOX test ' 12 ' -eq 12
t $BOX test -5 -lt -4
t $BOX test 3 -ge 3 -a 2 -le 1
t $BOX test 3 -ge 3 -o 2 -le 1
t $BOX test ! -n x
t $BOX test '(' a = b ')' -o a
t $BOX test ! a = a -o b = b
t $BOX test -n
t $BOX test !
t $BOX test = = =
t $BOX [ a = a ]
t $BOX [ ]
t $BOX [ x -a '' ]
