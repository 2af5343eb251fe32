# chmod: octal and symbolic modes, -R, errors
touch f
mkdir -p d/e
touch d/e/g
$BOX chmod 600 f; stat -c '%a' f
$BOX chmod u+x,g+r f; stat -c '%a' f
$BOX chmod a-w f; stat -c '%a' f
$BOX chmod go=u f; stat -c '%a' f
$BOX chmod +x f; stat -c '%a' f
$BOX chmod -R 750 d; stat -c '%a %n' d d/e d/e/g
$BOX chmod u=rw,go= f; stat -c '%a' f
$BOX chmod 4755 f; stat -c '%A' f
$BOX chmod 644 nosuch; echo "status $?"
$BOX chmod zz f; echo "status $?"
$BOX chmod 644; echo "status $?"
