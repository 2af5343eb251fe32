# Tilde expansion.
HOME=/home/someone
echo ~ ~/x "~" '~' \~ x~
a=~/path
echo $a
b=x:~/p
echo $b
echo ~+nope 2>/dev/null | cat
case ~ in /home/someone) echo case-tilde;; esac
HOME=/
echo ~/root
