# test: file operators
touch f; mkdir d; ln -s f l; printf x > s; chmod 755 s
touch -d '2000-01-01' old
t() { "$@"; echo "$?"; }
t $BOX test -e f
t $BOX test -e nosuch
t $BOX test -f d
t $BOX test -d d
t $BOX test -h l
t $BOX test -L f
t $BOX test -s f
t $BOX test -s s
t $BOX test -x s
t $BOX test -r f
t $BOX test f -nt old
t $BOX test f -ot old
t $BOX test f -ef l
t $BOX test -t 0
