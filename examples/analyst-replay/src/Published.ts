/**
 * The published figures (docs/published-figures.md), as the calibrations' targets and the tests'
 * expectations. Where an article gives a percentage of an unpublished count, the count chosen is
 * noted.
 */

/** Lai Châu provincial party committee, 31/12/2021 (seed 001). */
export const laiChau = {
  on: "2021-12-31",
  /** The figures as the office knew them when it reported (an assumed date: mid-January). */
  knownAt: "2022-01-15T00:00:00.000Z",
  uppers: 12,
  grassroots: 526,
  grassrootsCommittees: 185,
  grassrootsCells: 341,
  subCommittees: 3,
  cellsUnderGrassroots: 1_908,
  members: 30_044,
  probationary: 1_393,
  female: 10_182,
  ethnicMinority: 15_984,
  admitted: 1_022,
  /** "102% of the plan": the plan is not published; 1,002 gives 1,022 / 1,002 = 102.0%. */
  planTarget: 1_002,
  planAttainmentPercent: 102
} as const

/** Duy Tiên town party committee (Hà Nam), 2016–2020 and 2021 (seed 000). */
export const duyTien = {
  /** The figures as the office knew them when it reported (an assumed date: mid-October 2021). */
  knownAt: "2021-10-15T00:00:00.000Z",
  from: "2016-01-01",
  to: "2020-12-31",
  admitted: 603,
  recognizedOfficial: 721,
  badges: 4_483,
  badgesAwarded: 4_274,
  badgesPosthumous: 209,
  transferredOut: 484,
  struckOff: 33,
  /** "allowed to leave / removed": `allowedToLeave + expelled`. */
  allowedToLeaveOrExpelled: 4,
  died: 385,
  cardsIssued: 736,
  /** First 9 months of 2021. */
  nineMonths2021: {
    from: "2021-01-01",
    to: "2021-09-30",
    admitted: 48,
    recognizedOfficial: 59,
    struckOff: 1,
    badges: 393
  },
  /** The 2021 first-half rating. */
  rating2021H1: {
    period: "2021-H1",
    on: "2021-06-30",
    members: 7_171,
    rated: 5_975,
    excellent: 926,
    good: 4_340,
    completed: 681,
    notCompleted: 28,
    /**
     * As published, in per cent with two decimals. The levels add up to 100.00 and are not the
     * counts rounded (4,340 / 5,975 = 72.636…%): each is within 0.01 point of the count's share.
     */
    ratedPercent: 83.32,
    excellentPercent: 15.49,
    goodPercent: 72.65,
    completedPercent: 11.39,
    notCompletedPercent: 0.47
  }
} as const

/** Đà Nẵng city party committee, 1/1–31/8/2024 against the same months of 2023 (seed 002). */
export const daNang = {
  from: "2024-01-01",
  /** The figures as the office knew them when it reported (an assumed date: mid-September). */
  knownAt: "2024-09-15T00:00:00.000Z",
  to: "2024-08-31",
  admitted: 1_381,
  admittedLastYear: 850,
  admittedChange: 531,
  /** "162.5%" (one decimal). */
  admittedRatioPercent: 162.5,
  /** "2.25% of the membership at the start of the year". */
  admissionRatePercent: 2.25,
  /** "about 61,400": the start-of-year membership is not published exactly; 61,400 is chosen. */
  membersStartOfYear: 61_400
} as const

/** Hà Nội, the ratings of 2010–2014 (seed 004). */
export const haNoi = {
  /** "140 commendations for members rated excellent 5 years running (2010–2014)". */
  lastYear: 2014,
  years: 5,
  commended: 140,
  /**
   * The figures as the city knew them when it chose whom to commend: the day of its plan
   * (Kế hoạch 149-KH/TU, 12/3/2015).
   */
  knownAt: "2015-03-12T00:00:00.000Z",
  /** "More than 85%" of the members rated each year (2010–2014). */
  ratedShareAbove: 0.85,
  /**
   * "13.3%" excellent, of those rated (one decimal). The article does not say which year; the
   * calibration sets it for 2014, the last year of the run. Its "good 0.4%" contradicts the other
   * shares (a misprint, likely for not completed) and is not calibrated.
   */
  excellentPercent: 13.3
} as const

/**
 * Pleiku city party committee (Gia Lai), "đến nay" in an article of 6/12/2017 (seed 003). The
 * article gives lower or upper bounds ("hơn", "gần"), not counts: each count below is chosen, the
 * least (or the greatest) one the words allow, and noted.
 */
export const pleiku = {
  /** The stocks' day: the article's ("đến nay"). */
  asOf: "2017-12-06",
  /** The figures as the office knew them: everything recorded by the end of the article's day. */
  knownAt: "2017-12-06T23:59:59.000Z",
  /** "68 TCCS Đảng trực thuộc": grassroots organisations directly under the city committee. */
  grassroots: 68,
  /** "hơn 7.650": chosen 7,651. */
  members: 7_651,
  /** "nữ hơn 42%": chosen 3,214, the least count above 42% (3,214 / 7,651 = 42.01%). */
  female: 3_214,
  femaleShareAbove: 0.42,
  /** "dân tộc thiểu số gần 5,5%": chosen 419 (5.48%: 5.5% at one decimal, and under it). */
  ethnicMinority: 419,
  ethnicMinorityPercent: 5.5,
  /**
   * "gần 130 đảng viên trong các tôn giáo – chiếm gần 1,7%": chosen 129 (1.69%: 1.7% at one
   * decimal, and under it).
   */
  religious: 129,
  religiousPercent: 1.7,
  /**
   * "độ tuổi đoàn thanh niên chiếm hơn 10%": Youth Union age, 30 or under (`ageBands["≤30"]`);
   * chosen 766, the least count above 10% (10.01%).
   */
  youth: 766,
  youthShareAbove: 0.1,
  /** "11 tháng đầu năm 2017 … hơn 130": admitted 1/1–30/11/2017, chosen 131. */
  from: "2017-01-01",
  to: "2017-11-30",
  admitted: 131,
  /**
   * "Sau hơn 2 năm thực hiện Nghị quyết Đại hội … lần thứ XI (nhiệm kỳ 2015 - 2020) … trên 400":
   * admitted from the start of the term to 30/11/2017, chosen 401. The article gives no date for
   * the city's XI congress; the term is taken to start on 1/7/2015 (an assumption: the communes'
   * and wards' congresses of the term were held in June 2015, before the city's).
   */
  termFrom: "2015-07-01",
  admittedInTerm: 401,
  /**
   * "khoảng hơn 50% chỉ tiêu nhiệm kỳ", the term's target being 800 ("phấn đấu trong nhiệm kỳ
   * 2015 - 2020 sẽ kết nạp 800 đảng viên mới"): no statistics field holds a term's target, so this
   * is arithmetic on the replayed count (401 / 800 = 50.1%), not calibrated.
   */
  termTarget: 800,
  termTargetShareAbove: 0.5
} as const

/** A ratio in per cent, rounded half-up to `decimals` (as the articles print them). */
export const percent = (ratio: number, decimals: number): number => {
  const f = 10 ** decimals
  return Math.floor(ratio * 100 * f + 0.5 + 1e-9) / f
}

/** "gần X%" (nearly X%): the ratio is X% at one decimal, and under it. */
export const nearly = (ratio: number, percentValue: number): boolean =>
  percent(ratio, 1) === percentValue && ratio * 100 < percentValue
