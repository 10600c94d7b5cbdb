# Resident memory against open streams, from memory.dat (one block per proxy). Usage: gnuplot -e "dir='results'" plot-memory.gp
set terminal pngcairo size 1000,600 font ",11"
set output dir.'/memory.png'
set title 'Proxy RSS against concurrent open streams'
set xlabel 'open streams'
set ylabel 'RSS, MiB'
set key left top
set grid
set datafile missing 'NaN'
names = 'nginx portkey facade facade-audit'
plot for [i=0:3] dir.'/memory.dat' index i using 1:2 with linespoints lw 2 lc (i+2) pt 7 title word(names, i+1)
