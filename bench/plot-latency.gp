# Latency against request rate, from latency.dat (written by the report). Usage: gnuplot -e "dir='results'" plot-latency.gp
set terminal pngcairo size 1000,600 font ",11"
set output dir.'/latency.png'
set title 'Non-stream latency at a fixed rate (open loop): p50 dashed, p99 solid'
set xlabel 'requests per second'
set ylabel 'latency, ms'
set logscale y
set key outside right
set grid
set xtics (500, 1000, 2000)
set datafile missing 'NaN'
names = 'direct nginx portkey facade facade-audit facade-otel facade-worker'
plot for [i=1:7] dir.'/latency.dat' using 1:(column(2*i+1)) with linespoints lw 2 lc i pt 7 title word(names, i).' p99', \
     for [i=1:7] dir.'/latency.dat' using 1:(column(2*i)) with linespoints lw 1 dt 2 lc i pt 6 title word(names, i).' p50'
