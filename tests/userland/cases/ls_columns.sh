# ls -C lays names out in columns of $COLUMNS (tabs as GNU uses them)
for n in alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi; do
    touch "$n"
done
COLUMNS=40 $BOX ls -C
COLUMNS=80 $BOX ls -C
COLUMNS=20 $BOX ls -CF
