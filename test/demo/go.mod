module leakydemo

go 1.19
