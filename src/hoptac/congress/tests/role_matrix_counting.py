ROLE_MATRIX: list = []
