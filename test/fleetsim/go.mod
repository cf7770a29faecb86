module fleetsim

go 1.19
