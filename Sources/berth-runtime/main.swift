print("berth-runtime")
