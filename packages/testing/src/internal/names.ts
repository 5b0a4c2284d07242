/**
 * Vietnamese personal names by ethnic group (dân tộc): family names, middle names and given names,
 * with rough weights, and the religions met in each group.
 */

export type Weighted<A> = ReadonlyArray<readonly [number, A]>

export interface NameStyle {
  readonly family: Weighted<string>
  readonly middle: { readonly male: ReadonlyArray<string>; readonly female: ReadonlyArray<string> }
  readonly given: { readonly male: ReadonlyArray<string>; readonly female: ReadonlyArray<string> }
  /** Ê Đê and other Central Highlands names put the family name last: `Y Bih Niê`. */
  readonly familyLast?: boolean
  readonly religions: Weighted<string | null>
}

const kinhGiven = {
  male: [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Nam",
    "Hải",
    "Long",
    "Sơn",
    "Thắng",
    "Quân",
    "Bình",
    "Cường",
    "Phong",
    "Trung",
    "Hiếu",
    "Khoa",
    "An",
    "Đạt",
    "Huy",
    "Tài",
    "Thành",
    "Quang",
    "Vinh",
    "Toàn",
    "Lộc"
  ],
  female: [
    "Lan",
    "Hương",
    "Mai",
    "Hoa",
    "Hằng",
    "Linh",
    "Trang",
    "Thảo",
    "Hà",
    "Ngọc",
    "Nhung",
    "Yến",
    "Phương",
    "Oanh",
    "Vân",
    "Hạnh",
    "Dung",
    "Thủy",
    "Loan",
    "Nga",
    "Huyền",
    "Liên",
    "Chi",
    "Thư"
  ]
}

const plainMiddle = { male: ["Văn"], female: ["Thị"] }

const secular: Weighted<string | null> = [[95, null], [3, "Phật giáo"], [2, "Công giáo"]]

/** Name styles by ethnicity. */
export const styles: Readonly<Record<string, NameStyle>> = {
  Kinh: {
    family: [
      [38, "Nguyễn"],
      [11, "Trần"],
      [9.5, "Lê"],
      [7, "Phạm"],
      [5, "Hoàng"],
      [4.5, "Phan"],
      [4, "Vũ"],
      [3, "Võ"],
      [2.1, "Đặng"],
      [2, "Bùi"],
      [1.4, "Đỗ"],
      [1.3, "Hồ"],
      [1.3, "Ngô"],
      [1, "Dương"],
      [0.5, "Lý"],
      [1, "Huỳnh"],
      [0.8, "Trương"],
      [0.6, "Đinh"],
      [0.5, "Lương"],
      [0.5, "Tạ"]
    ],
    middle: {
      male: ["Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Công", "Thanh", "Đình", "Ngọc", "Anh"],
      female: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Hồng", "Phương", "Bích"]
    },
    given: kinhGiven,
    religions: [[90, null], [4, "Công giáo"], [4, "Phật giáo"], [1, "Cao Đài"], [1, "Phật giáo Hòa Hảo"]]
  },
  "Tày": {
    family: [[4, "Hoàng"], [4, "Nông"], [2, "Lục"], [2, "Ma"], [2, "Hà"], [2, "Lương"], [1, "Đàm"], [1, "Bế"]],
    middle: plainMiddle,
    given: kinhGiven,
    religions: secular
  },
  "Thái": {
    family: [[4, "Lò"], [3, "Cầm"], [3, "Lường"], [2, "Quàng"], [2, "Tòng"], [2, "Vi"], [2, "Hà"], [1, "Điêu"]],
    middle: plainMiddle,
    given: {
      male: ["Pọm", "Xuân", "Ban", "Chung", "Thanh", "Khằm", "Ún", "Piêng", "Sáng", "Thương"],
      female: ["Ún", "Pẻng", "Xuân", "Thanh", "Ngọc", "Bua", "Lả", "Hom", "Ngân", "Xiêm"]
    },
    religions: secular
  },
  "Mường": {
    family: [[5, "Bùi"], [4, "Đinh"], [3, "Quách"], [2, "Hà"], [2, "Xa"], [1, "Bạch"]],
    middle: plainMiddle,
    given: kinhGiven,
    religions: secular
  },
  Khmer: {
    family: [[5, "Thạch"], [4, "Danh"], [3, "Sơn"], [3, "Kim"], [2, "Lâm"], [2, "Chau"], [1, "Lý"]],
    middle: { male: ["", "Văn"], female: ["Thị"] },
    given: {
      male: ["Sa Rinh", "Sóc Kha", "Sô Phi", "Chanh Đa", "Sà Rết", "Út", "Phước", "Pích", "Minh Hiền"],
      female: ["Sa Rương", "Sa Phol", "Chanh Thu", "Sóc Phia", "Mỹ Lệ", "Đa Ni", "Sà Ny", "Bô Pha"]
    },
    religions: [[35, null], [60, "Phật giáo Nam tông Khmer"], [5, "Phật giáo"]]
  },
  "Mông": {
    family: [[5, "Giàng"], [5, "Sùng"], [4, "Vàng"], [4, "Thào"], [3, "Lầu"], [3, "Mùa"], [2, "Hầu"], [2, "Lý"]],
    middle: { male: ["A"], female: ["Thị"] },
    given: {
      male: ["Páo", "Sử", "Chứ", "Dế", "Pàng", "Chía", "Lử", "Nhà", "Tủa", "Dơ"],
      female: ["Mỷ", "Súa", "Dua", "Chà", "Máy", "Mai", "Xá", "Pà", "Dợ", "Sùng"]
    },
    religions: [[80, null], [20, "Tin Lành"]]
  },
  "Nùng": {
    family: [[4, "Nông"], [3, "Hoàng"], [3, "Lương"], [2, "Vi"], [2, "Chu"], [1, "Lăng"]],
    middle: plainMiddle,
    given: kinhGiven,
    religions: secular
  },
  Dao: {
    family: [[5, "Triệu"], [4, "Bàn"], [3, "Đặng"], [2, "Lý"], [2, "Phùng"]],
    middle: { male: ["Văn", "Tài", "Phúc"], female: ["Thị", "Mùi"] },
    given: {
      male: ["Kiềm", "Chòi", "Quẩy", "Sinh", "Tả", "Phin", "Lở", "Tòng"],
      female: ["Mẩy", "Slấy", "Nái", "Chài", "Mùi", "Kiểm", "Xuân", "Hoa"]
    },
    religions: secular
  },
  "Ê Đê": {
    family: [[4, "Niê"], [3, "Êban"], [2, "Mlô"], [2, "Ayŭn"], [2, "Adrơng"], [1, "Byă"], [1, "Ktla"]],
    middle: { male: ["Y"], female: ["H'"] },
    given: {
      male: ["Bih", "Moan", "Ngông", "Thu", "Kông", "Jut", "Bhin", "Wang"],
      female: ["Hen", "Zan", "Bia", "Nhi", "Ngăm", "Lai", "Mlin", "Duôn"]
    },
    familyLast: true,
    religions: [[75, null], [20, "Tin Lành"], [5, "Công giáo"]]
  }
}

/** Ethnic groups (dân tộc) with weights roughly like the party's membership: mostly Kinh. */
export const ethnicities: Weighted<string> = [
  [85, "Kinh"],
  [3, "Tày"],
  [3, "Thái"],
  [2, "Mường"],
  [2, "Khmer"],
  [2, "Mông"],
  [1, "Nùng"],
  [1, "Dao"],
  [1, "Ê Đê"]
]

/** Two-digit codes of provinces (mã đơn vị hành chính cấp tỉnh) used in card numbers. */
export const provinces: ReadonlyArray<readonly [code: string, name: string]> = [
  ["01", "thành phố Hà Nội"],
  ["02", "tỉnh Hà Giang"],
  ["04", "tỉnh Cao Bằng"],
  ["06", "tỉnh Bắc Kạn"],
  ["08", "tỉnh Tuyên Quang"],
  ["10", "tỉnh Lào Cai"],
  ["11", "tỉnh Điện Biên"],
  ["12", "tỉnh Lai Châu"],
  ["14", "tỉnh Sơn La"],
  ["15", "tỉnh Yên Bái"],
  ["17", "tỉnh Hòa Bình"],
  ["19", "tỉnh Thái Nguyên"],
  ["20", "tỉnh Lạng Sơn"],
  ["22", "tỉnh Quảng Ninh"],
  ["25", "tỉnh Phú Thọ"],
  ["38", "tỉnh Thanh Hóa"],
  ["40", "tỉnh Nghệ An"],
  ["42", "tỉnh Hà Tĩnh"],
  ["46", "tỉnh Thừa Thiên Huế"],
  ["48", "thành phố Đà Nẵng"],
  ["52", "tỉnh Bình Định"],
  ["64", "tỉnh Gia Lai"],
  ["66", "tỉnh Đắk Lắk"],
  ["79", "Thành phố Hồ Chí Minh"],
  ["84", "tỉnh Trà Vinh"],
  ["89", "tỉnh An Giang"],
  ["92", "thành phố Cần Thơ"],
  ["94", "tỉnh Sóc Trăng"],
  ["96", "tỉnh Cà Mau"]
]

/** Place names for districts, communes and villages. */
export const places: ReadonlyArray<string> = [
  "Tam Đường",
  "Phong Thổ",
  "Mường Tè",
  "Sìn Hồ",
  "Than Uyên",
  "Yên Thành",
  "Diễn Châu",
  "Quỳnh Lưu",
  "Thanh Chương",
  "Hoài Đức",
  "Đông Anh",
  "Cái Nước",
  "Châu Thành",
  "Tri Tôn",
  "Mỹ Tú",
  "Bản Lang",
  "Nà Tăm",
  "Bình Lư",
  "Hồ Thầu",
  "Sơn Bình",
  "Khun Há",
  "Tân Phong",
  "Hòa Bình",
  "Đồng Tâm",
  "Quyết Thắng",
  "Thống Nhất",
  "Nghĩa Hưng",
  "Xuân Lộc",
  "Phú Mỹ",
  "Long Hòa",
  "Vĩnh Lợi",
  "An Phú"
]

/** Countries a member may be transferred to (chuyển sinh hoạt đảng ra nước ngoài). */
export const abroad: ReadonlyArray<string> = [
  "Liên bang Nga",
  "Nhật Bản",
  "Cộng hòa Liên bang Đức",
  "Lào",
  "Hàn Quốc",
  "Ô-xtrây-li-a"
]
