module genprofile

go 1.19
