//Maya ASCII 2022 scene
//Name: empty.ma
//Codeset: UTF-8
requires maya "2022";
currentUnit -l centimeter -a degree -t film;
fileInfo "application" "maya";
// End of empty.ma
